"""The termbase at work: finding its terms in English and in translations (`matching`), and
exporting it as TBX for translators' tools (`tbx`). The model is `source/terminology.py`."""
