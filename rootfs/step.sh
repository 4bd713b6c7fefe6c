# shellcheck shell=sh
# The guest side of the step protocol (sourced by /init).  The console gets:
#   @@scenario NAME        a scenario starts (its steps are /lab/scenarios/NAME)
#   @@step ID              a step starts
#   @@out LINE             what the command printed (stdout and stderr)
#   @@rc N                 its exit status
#   @@dmesg LINE           the kernel lines it caused
#   @@end ID
#   @@between LINE         kernel lines printed outside any step (before
#                          the first, between two, after the last)
#   @@scenario-end NAME
# The host compares these with the scenario's expectations; nothing the
# kernel prints is thrown away.

step() {
	dmesg -c | sed 's/^/@@between /'
	echo "@@step $1"
	sh -c "$2" </dev/null >/tmp/step.out 2>&1
	echo "@@rc $?" >/tmp/step.rc
	sed 's/^/@@out /' /tmp/step.out
	cat /tmp/step.rc
	dmesg -c | sed 's/^/@@dmesg /'
	echo "@@end $1"
}

run_scenario() {
	echo "@@scenario $1"
	if [ -r "/lab/scenarios/$1" ]; then
		# shellcheck disable=SC1090 # written by the host
		. "/lab/scenarios/$1"
	else
		echo "@@error no /lab/scenarios/$1"
	fi
	dmesg -c | sed 's/^/@@between /'
	echo "@@scenario-end $1"
}
