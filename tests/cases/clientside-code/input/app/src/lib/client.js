import { useState } from "react";
export const token = "ghp_{{rand:36:alnum}}";
