// Package graph draws a compiled plan as a diagram, for `pipec graph`: the jobs every
// target is emitted from, after lowering, so a reviewer sees what will run and in which
// order. It renders Mermaid (a flowchart that GitHub and GitLab show inside Markdown) and
// Graphviz DOT.
//
// It owns the picture, not the meaning: nodes are the plan's jobs (a canary increment, a
// blue/green switch and a rollback job each a node of their own) labelled with the stage
// name and the job's role, matrix and condition; an approval gate is a node of its own in
// a different shape, before the job it holds; edges are the jobs' needs, and the edges
// into a rollback job are dashed and labelled "on failure". Needs the lowering adds to a
// chain only so later jobs can read upstream outputs (a canary increment needing the
// stage's upstream jobs again) are not drawn: the chain already orders them.
//
// It reads the plan only, like a target, but writes no platform's configuration, so it is
// not one of targets/all.
package graph
