import { Octokit } from "@octokit/rest";
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";

const connection = new IORedis("redis://default:{{rand:32:alnum}}@redis-worker.acme-corp.io:6379");
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN ?? "gho_{{rand:36:alnum}}" });

const FIGMA_TOKEN = "figd_{{rand:40:A-Za-z0-9_-}}";
const POSTMAN_API_KEY = "PMAK-{{rand:24:hex}}-{{rand:34:hex}}";
const CONTENTFUL_MANAGEMENT_TOKEN = "CFPAT-{{rand:43:A-Za-z0-9_-}}";
const ASANA_PAT = "2/{{rand:16:digits}}/{{rand:16:digits}}:{{rand:32:hex}}";
const apiKey = process.env.INTERNAL_API_KEY;
const token = req => req.headers["x-api-token"];

export const exportQueue = new Queue("exports", { connection });

new Worker(
  "exports",
  async job => {
    const res = await fetch("https://api.figma.com/v1/files/" + job.data.fileKey, {
      headers: { "X-Figma-Token": FIGMA_TOKEN },
    });
    return res.status;
  },
  { connection },
);
