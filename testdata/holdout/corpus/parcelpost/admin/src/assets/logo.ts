// inlined so the login page renders before the CDN is reachable
export const LOGO_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAYAAABXAvmHAAAA{{rand:180:base64}}AAAAAElFTkSuQmCC";
