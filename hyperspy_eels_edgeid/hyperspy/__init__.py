"""The HyperSpy side: ``identify_edges`` on EELS signals, its result signals and table, quantification, data.

Inside this subpackage ``import hyperspy`` is an absolute import and names the
real HyperSpy package.
"""
