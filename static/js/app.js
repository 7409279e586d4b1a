// Progressive enhancement only: every page works without this script.
// Choosing a product option shows that option's price.
document.addEventListener("change", function (e) {
  var input = e.target;
  if (input.name !== "sku" || !input.dataset.price) return;
  var price = document.querySelector("[data-price]:not(input)");
  if (price) price.textContent = input.dataset.price;
});
