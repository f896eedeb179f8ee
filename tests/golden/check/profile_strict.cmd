../convert/seed.txt --profile profiles/strict.json
