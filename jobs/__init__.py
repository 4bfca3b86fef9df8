"""The four registries (labour, employer demand, migrant workers, hard-to-employ) and around them."""
