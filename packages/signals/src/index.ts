export const ANY: unique symbol = Symbol('ANY');
