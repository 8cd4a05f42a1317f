# Experiments are a person's health data: staff do not see them in the admin.
