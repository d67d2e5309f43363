import warnings, logging
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
import hyperspy.api as hs, exspy, numpy as np, hyperspy_eels_edgeid
s = exspy.data.EELS_MnFe()
s.set_signal_type("EELS")
print(type(s))
t = s.identify_edges()
print(t.elements)
print(t)
el = list(t.elements)
d = np.asarray(t.data)
for e in ("F", "I", "Mn", "Fe"):
    print(e, np.round(d[:, el.index(e)], 2))
print(s.metadata.Sample.elements if s.metadata.has_item("Sample.elements") else None)
