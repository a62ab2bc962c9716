"""Discord components: persistent buttons and selects whose custom_id carries what they act on."""
