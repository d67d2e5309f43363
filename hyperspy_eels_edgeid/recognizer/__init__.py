"""The edge recognizer: model grid, network, label space, model files and inference.

Everything that defines and runs the model lives here; it uses the edge table
(:mod:`hyperspy_eels_edgeid.edges`) and knows nothing of HyperSpy signals or of
the workflows.  Torch is imported only when a network is built or run.
"""
