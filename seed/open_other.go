//go:build !unix

package seed

const openNonBlock = 0
