import { signOAuth1 } from './src/index.ts';
const consumer = { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' };
const token = { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const url = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';
const status = 'Hello Ladies + Gentlemen, a signed OAuth request!';
for (let i = 0; i < 60000; i++) await signOAuth1({ method: 'POST', url, body: new URLSearchParams({ status }), consumer, token, signatureMethod: 'HMAC-SHA1' });
