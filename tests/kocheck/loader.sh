# shellcheck shell=bash disable=SC2154
# The rest of 6.1's loader path on crafted modules: parameter arrays and
# strings, signatures, sections, relocations, sysfs.  Sourced by
# tests/kocheck/unit after crafted.sh and state.sh.

# parse_args(): param_array_ops and param_ops_string, both classes
sva=$tmp/Module.symvers.params
cp "$sv" "$sva"
for s in param_array_ops param_ops_string param_ops_bool; do
	printf '0x00000001\t%s\tvmlinux\tEXPORT_SYMBOL\t\n' "$s" >>"$sva"
done
for c in 64 32; do
	if [ $c = 64 ]; then m=62 v=$VM; else m=40 v=$VMA; fi
	mk "$tmp/arr$c.ko" --class $c --machine $m --name kotest --modinfo name=kotest --modinfo license=GPL \
		--modinfo intree=Y --modinfo retpoline=Y --modinfo "vermagic=$v" --version module_layout:1234 \
		--param seed:param_array_ops:param_ops_int:2 --param s:param_ops_string:4 \
		--param b:param_array_ops:param_ops_bool:3
	P=(check --vermagic "$v" --symvers "$sva" --sig off --modversions off)
	expect "arrays ($c): too many elements: param_array()'s line, the value cut at the first comma" 1 \
		"verdict: refused: EINVAL (errno 22)
dmesg: seed: can only take 2 arguments
dmesg: kotest: \`1' invalid for parameter \`seed'" "${P[@]}" --param seed=1,2,3 "$tmp/arr$c.ko"
	expect "arrays ($c): a bad element" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`1' invalid for parameter \`seed'" "${P[@]}" --param seed=1,x "$tmp/arr$c.ko"
	expect "arrays ($c): no value" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`' invalid for parameter \`seed'" "${P[@]}" --param seed "$tmp/arr$c.ko"
	expect "arrays ($c): good values, bool elements" 0 "verdict: loads" \
		"${P[@]}" --param seed=7,-8 --param b=y,n,on "$tmp/arr$c.ko"
	expect "strings ($c): one too long" 1 "verdict: refused: ENOSPC (errno 28)
dmesg: s: string doesn't fit in 3 chars.
dmesg: kotest: \`abcd' too large for parameter \`s'" "${P[@]}" --param s=abcd "$tmp/arr$c.ko"
	expect "strings ($c): fits" 0 "verdict: loads" "${P[@]}" --param s=abc "$tmp/arr$c.ko"
done
