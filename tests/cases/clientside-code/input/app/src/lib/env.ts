const base = import.meta.env.VITE_BASE;
export const token = "ghp_{{rand:36:alnum}}";
