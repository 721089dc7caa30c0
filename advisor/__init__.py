"""Domain logic of Anskaffelseslosen, free of Rasa: parsing, rules, content, search."""
