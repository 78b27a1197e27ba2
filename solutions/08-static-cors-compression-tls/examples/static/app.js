// Calls the demo's JSON route from the page: same origin, so no CORS is involved.
const status = document.getElementById("status");
fetch("/users/42")
  .then((response) => response.json())
  .then((user) => {
    status.textContent = `GET /users/42 answered ${JSON.stringify(user)}`;
  })
  .catch((error) => {
    status.textContent = `GET /users/42 failed: ${error}`;
  });
