"""The forum domain: what people do, with the rules on who may do it. Never imports textual."""
