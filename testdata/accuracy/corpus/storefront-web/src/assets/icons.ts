export const logoPng = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA{{rand:220:base64}}=";
export const spinnerGif = "data:image/gif;base64,R0lGODlhEAAQAPIAAP{{rand:180:base64}}";
