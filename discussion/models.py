# Letters and reader comments arrive with the letters-inbox and comments issues.
