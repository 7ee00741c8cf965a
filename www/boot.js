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
    .catch((error) => {
      console.error(error);
      showFailure();
    });
} else {
  showFailure();
}
