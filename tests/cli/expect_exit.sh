#!/bin/sh
# Runs a command and passes only when it exits with EXPECTED_CODE and its output (stdout and
# stderr together) contains TEXT.   Usage: expect_exit.sh EXPECTED_CODE TEXT COMMAND [ARGS...]
expected="$1"; text="$2"; shift 2
output=$("$@" 2>&1); code=$?
printf '%s\n' "$output"
if [ "$code" -ne "$expected" ]; then echo "expect_exit: exit code $code, expected $expected"; exit 1; fi
case "$output" in
  *"$text"*) exit 0 ;;
  *) echo "expect_exit: output lacks: $text"; exit 1 ;;
esac
