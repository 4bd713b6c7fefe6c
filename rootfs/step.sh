# shellcheck shell=sh
# The guest side of the step protocol (sourced by /init).  For each step
# the console gets:
#   @@step ID
#   @@out LINE      what the command printed (stdout and stderr)
#   @@rc N          its exit status
#   @@dmesg LINE    the kernel log lines it caused
#   @@end ID
# The host compares these with the scenario's expectations.

step() {
	dmesg -c >/dev/null
	echo "@@step $1"
	sh -c "$2" >/tmp/step.out 2>&1
	echo "@@rc $?" >/tmp/step.rc
	sed 's/^/@@out /' /tmp/step.out
	cat /tmp/step.rc
	dmesg -c | sed 's/^/@@dmesg /'
	echo "@@end $1"
}
