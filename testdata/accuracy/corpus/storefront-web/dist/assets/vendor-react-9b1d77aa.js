/**
 * @license React
 * react.production.min.js
 *
 * Copyright (c) Facebook, Inc. and its affiliates.
 */
var f=Symbol.for("react.element"),l=Symbol.for("react.portal"),Ke="0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-",Ve="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";function H(e){return e.type==="password"||e.type==="hidden"}var Bn=[1116352408,1899447441,3049323471,3921009573,961987163,1508970993],Jn="{{rand:64:hex}}",Zn={secret:"__reactInternalSecret_{{rand:12:lower}}",token:"__reactFiberToken$"+Math.random().toString(36).slice(2)};function qn(e,t){return e.apiKey===void 0?t:e.apiKey}function ws(e){var t=e.password;return t==null?"":t}
