package main

import "os"

func main() {
	tuneGCOn = true
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
