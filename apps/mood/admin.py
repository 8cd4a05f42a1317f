# Deliberately empty: check-ins are health data, kept out of the staff admin.
