clean.txt --profile profiles/bad_severity.json
