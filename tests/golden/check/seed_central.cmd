../convert/seed.txt --profile central-2021
