// Live totals: when the buyer changes a quantity, ask the storefront operation storefrontCheckoutLink
// for the amounts of those quantities and show them. The page works without this script; the server
// prices the order again when the form is submitted.
(() => {
  var form = document.querySelector('form[data-slug]');
  if (!form || !window.fetch) return;
  var slug = form.getAttribute('data-slug');
  var currency = form.getAttribute('data-currency');
  // The promotion code applied to the session, so the preview shows the discounted amounts.
  var code = form.getAttribute('data-promotion-code') || null;
  var query =
    'query ($slug: String!, $p: StorefrontPreviewInput) { storefrontCheckoutLink(slug: $slug, preview: $p) { ' +
    'lines { index quantity amountSubtotal } amounts { amountSubtotal amountDiscount setupFees amountDueToday recurring { amountAfterDiscount } } } }';
  var format = (minor) => {
    if (!currency) return String(minor);
    var f = new Intl.NumberFormat('en', { style: 'currency', currency: currency });
    var digits = f.resolvedOptions().maximumFractionDigits;
    return f.format(minor / 10 ** digits);
  };
  var set = (selector, text) => {
    document.querySelectorAll(selector).forEach((el) => {
      el.textContent = text;
    });
  };
  var timer = null;
  var seq = 0;
  var refresh = () => {
    var quantities = [];
    form.querySelectorAll('input[data-line]').forEach((input) => {
      var n = Number(input.value);
      if (Number.isInteger(n) && n >= Number(input.min) && n <= Number(input.max))
        quantities.push({ line: Number(input.getAttribute('data-line')), quantity: n });
    });
    var mine = ++seq;
    fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: query, variables: { slug: slug, p: { quantities: quantities, promotionCode: code } } }),
    })
      .then((res) => res.json())
      .then((body) => {
        var link = body && body.data && body.data.storefrontCheckoutLink;
        if (!link || mine !== seq) return;
        link.lines.forEach((line) => {
          set('[data-line-amount="' + line.index + '"]', format(line.amountSubtotal));
          set('[data-line-qty="' + line.index + '"]', String(line.quantity));
        });
        set('[data-total="subtotal"]', format(link.amounts.amountSubtotal));
        set('[data-total="due"]', format(link.amounts.amountDueToday));
        set('[data-total="setup"]', format(link.amounts.setupFees));
        set('[data-total="discount"]', '\u2212' + format(link.amounts.amountDiscount));
        link.amounts.recurring.forEach((r, i) => {
          set('[data-recurring="' + i + '"]', format(r.amountAfterDiscount));
        });
      })
      .catch(() => {});
  };
  form.addEventListener('input', (event) => {
    if (!event.target.hasAttribute || !event.target.hasAttribute('data-line')) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
})();
