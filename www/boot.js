// Starts the calculator. It lives outside the page so that the page's
// Content-Security-Policy can forbid inline scripts. Trunk writes the
// hashed names of the wasm-bindgen glue and of the wasm into preload links,
// with their integrity hashes; starting from those links keeps the names
// and the integrity checks in one place, and the fetches below reuse the
// preloaded responses.
const glue = document.querySelector('link[rel="modulepreload"]');
const wasm = document.querySelector('link[rel="preload"][type="application/wasm"]');

function showFailure() {
  const message = document.createElement("p");
  message.className = "app-noscript";
  message.textContent =
    "The IPS Equity Calculator could not start in this browser. " +
    "It needs a browser that runs WebAssembly.";
  document.body.append(message);
}

// Once the calculator runs, a service worker (www/sw.js) keeps its files so
// that it works offline from then on. The relative URL gives the worker the
// page's own folder as its scope, wherever the page is served. Where there
// are no service workers (an old browser, or a page served over plain HTTP
// from another machine) the calculator works as before, online only.
function keepForOffline() {
  if (!("serviceWorker" in navigator)) {
    return;
  }
  navigator.serviceWorker.register("./sw.js").catch((error) => {
    console.warn("The calculator will not work offline:", error);
  });
}

if (glue && wasm) {
  import(glue.href)
    .then(({ default: init }) =>
      init({
        module_or_path: fetch(wasm.href, {
          integrity: wasm.integrity,
          credentials: "same-origin",
        }),
      }),
    )
    .then(keepForOffline, (error) => {
      console.error(error);
      showFailure();
    });
} else {
  showFailure();
}
