//go:build unix

package seed

import "syscall"

const openNonBlock = syscall.O_NONBLOCK
