const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");

const sqs = new SQSClient({
  region: "eu-west-1",
  credentials: {
    accessKeyId: "AKIA{{rand:16:A-Z2-7}}",
    secretAccessKey: "{{rand:40:base64}}",
    sessionToken: "IQoJb3JpZ2luX2VjE{{rand:2:alnum}}aCXVzLWVhc3QtMSJHMEUCI{{rand:330:base64}}",
  },
});

const amqpUrl = "amqp://worker:Tr0ub4dor-{{rand:6:alnum}}@rabbitmq.internal:5672";
const placeholderUrl = "amqp://user:password@localhost:5672";

module.exports = async function send(body) {
  return sqs.send(new SendMessageCommand({ QueueUrl: process.env.EXPORT_QUEUE_URL, MessageBody: JSON.stringify(body) }));
};
