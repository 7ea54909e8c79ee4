// Placeholder: the interactive part of the "Be the scheduler" figures.
