export const token = "ghp_{{rand:36:alnum}}";
