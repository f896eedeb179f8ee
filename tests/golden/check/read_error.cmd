../reject/one_bad_form.txt
