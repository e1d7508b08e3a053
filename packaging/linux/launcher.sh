#!/bin/sh
# /usr/bin/interview-desk: start the bundle installed under /opt (GUI with no arguments,
# the command line otherwise). A script rather than a symlink, so that the bundle always
# finds its _internal/ folder, whatever the bootloader makes of argv[0].
exec /opt/interview-desk/interview-desk "$@"
