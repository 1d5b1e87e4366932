import express from "express";
import React from "react";
const token = "ghp_{{rand:36:alnum}}";
