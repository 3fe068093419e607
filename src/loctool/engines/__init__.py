"""Offline machine-translation engines.

Heavy imports (ctranslate2, sentencepiece) happen inside the engines, lazily, so that
commands that do not translate stay fast.
"""
