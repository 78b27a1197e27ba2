// The router server the checks of chapter 05 talk to: your own src/router/main.ts, the server
// the lesson runs. Chapter 06 takes it out of the tree and brings its own version of this app.
import "@lab/src/router/main.ts";
