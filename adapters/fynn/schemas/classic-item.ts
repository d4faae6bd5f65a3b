// JSON schema of the classic CheckoutLinkItem (Fynn's example: test/fixtures/vendor/fynn-get-checkout-link-item.txt).

const nullableString = { type: ['string', 'null'] } as const;

const product = {
  type: ['object', 'null'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    description: nullableString,
    type: { type: 'string', enum: ['product', 'charge', 'plan'] },
    invoiceVisibility: { type: 'string', enum: ['always', 'only_if_charged'] },
    customFields: { type: 'object', additionalProperties: true },
  },
} as const;

const period = { type: 'object', properties: { contractPeriod: nullableString, cancellationPeriod: nullableString } } as const;

export const checkoutLinkItem = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['product', 'plan'] },
    product,
    quantity: { type: 'integer' },
    plan: {
      type: ['object', 'null'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        family: { type: ['object', 'null'], properties: { id: { type: 'string' } } },
        code: { type: 'string', example: 'basic-m2023' },
        originProduct: product,
        allowCheckout: { type: 'boolean' },
        status: { type: 'string', enum: ['draft', 'active', 'archived', 'inactive'] },
        createdAt: { type: 'string', format: 'date-time' },
        name: { type: 'string' },
        description: nullableString,
      },
    },
    price: {
      type: ['object', 'null'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        internalName: { type: 'string' },
        status: { type: 'string', enum: ['active', 'archived'] },
        salesChannel: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
        type: { type: 'string', enum: ['flat_fee', 'volume', 'percentage', 'per_unit', 'tiered', 'stair_step'] },
        applyTrial: { type: 'boolean' },
        payInAdvance: { type: 'boolean' },
        proRata: { type: 'boolean' },
        freeUnits: { type: ['integer', 'null'] },
        billingInterval: { ...nullableString, example: '1M', description: 'Null for a one-time charge.' },
        showPricePerInterval: nullableString,
        currencyCode: { type: 'string' },
        price: {
          type: 'object',
          properties: {
            amount: { type: 'integer', description: 'Minor units.' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            tenantId: { type: 'string' },
          },
        },
        custom: { type: 'boolean' },
        charge: nullableString,
        productSetOption: nullableString,
        product: nullableString,
        customer: nullableString,
        inUse: { type: 'boolean' },
        checkoutLinkIds: { type: 'array', items: { type: 'string' } },
      },
    },
    periods: { type: 'array', items: period },
  },
} as const;
