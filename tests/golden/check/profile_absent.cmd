clean.txt --profile profiles/absent.json
