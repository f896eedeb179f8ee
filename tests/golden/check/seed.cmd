../convert/seed.txt
