../convert/seed.txt --format json
