# Deliberately empty: DailyLog and Tag are health data. Staff edit articles in the admin and
# must never see or change a person's logs, so neither model is registered here.
