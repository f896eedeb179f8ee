clean.txt --profile profiles/bad_score.json
