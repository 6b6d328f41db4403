"""Figures: one function per figure, theory lines beside simulation points with error bars."""
