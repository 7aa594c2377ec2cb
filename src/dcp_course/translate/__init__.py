"""Translation: course text as units, XLIFF round trips, translated sources, the pseudo-locale."""
