// The HTTP server the checks of chapters 02 to 04 talk to: your own src/http/main.ts, the
// server the lessons run. Chapter 05 takes main.ts out of the tree (its lesson runs the router
// instead) and brings its own version of this app, under the same name, in its tests/apps/.
import "@lab/src/http/main.ts";
