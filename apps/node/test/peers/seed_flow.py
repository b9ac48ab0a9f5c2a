"""The flow of Psono's "API key with session" example script, written with PyNaCl, against a
Convene node: log in, check the node's signature, open the user's keys, list the datastores, open
the default datastore and its first secret, make one encrypted JSON-RPC call, log out. Prints what
it read as JSON. Usage: seed_flow.py KEY.json RPC-REQUEST-JSON"""
import binascii
import json
import socket
import sys
import urllib.error
import urllib.request

import nacl.encoding
import nacl.public
import nacl.secret
import nacl.signing

HEX = nacl.encoding.HexEncoder
config = json.load(open(sys.argv[1]))
rpc_request = json.loads(sys.argv[2])


def seal(data, key):
    sealed = nacl.secret.SecretBox(key, encoder=HEX).encrypt(json.dumps(data).encode())
    return {'text': HEX.encode(sealed.ciphertext).decode(), 'nonce': HEX.encode(sealed.nonce).decode()}


def unseal(text, nonce, key):
    return nacl.secret.SecretBox(key, encoder=HEX).decrypt(HEX.decode(text), HEX.decode(nonce))


def call(method, path, data=None, token=None, key=None):
    headers = {'content-type': 'application/json'}
    if token:
        headers['authorization'] = 'Token ' + token
    body = None
    if data is not None:
        body = json.dumps(seal(data, key) if key else data).encode()
    request = urllib.request.Request(config['server_url'] + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    answer = json.loads(text) if text else None
    if key and status != 401 and answer is not None:
        if 'text' not in answer:
            raise SystemExit('unencrypted answer from ' + path)
        answer = json.loads(unseal(answer['text'], answer['nonce'], key))
    if status >= 400:
        raise SystemExit('%s %s: %d %s' % (method, path, status, answer))
    return answer


session = nacl.public.PrivateKey.generate()
info = json.dumps({
    'api_key_id': config['api_key_id'],
    'session_public_key': session.public_key.encode(encoder=HEX).decode(),
    'device_description': 'Console Client ' + socket.gethostname(),
})
signing = nacl.signing.SigningKey(config['api_key_private_key'], encoder=HEX)
signature = binascii.hexlify(signing.sign(info.encode()).signature).decode()
login = call('POST', '/api-key/login/', {'info': info, 'signature': signature})

nacl.signing.VerifyKey(config['server_signature'], encoder=HEX).verify(
    login['login_info'].encode(), binascii.unhexlify(login['login_info_signature']))
box = nacl.public.Box(session, nacl.public.PublicKey(login['server_session_public_key'], encoder=HEX))
login_info = json.loads(box.decrypt(HEX.decode(login['login_info']), HEX.decode(login['login_info_nonce'])).decode())
token, key = login_info['token'], login_info['session_secret_key']
user = login_info['user']
user_secret_key = unseal(user['secret_key'], user['secret_key_nonce'], config['api_key_secret_key']).decode()

datastores = call('GET', '/datastore/', token=token, key=key)['datastores']
default = [d for d in datastores if d['is_default']][0]
stored = call('GET', '/datastore/%s/' % default['id'], token=token, key=key)
datastore_key = unseal(stored['secret_key'], stored['secret_key_nonce'], user_secret_key).decode()
content = json.loads(unseal(stored['data'], stored['data_nonce'], datastore_key))
secret = None
if content['items']:
    item = content['items'][0]
    read = call('GET', '/secret/%s/' % item['secret_id'], token=token, key=key)
    secret = {'name': item['name'], 'content': json.loads(unseal(read['data'], read['data_nonce'], item['secret_key']))}
rpc = call('POST', '/rpc', rpc_request, token=token, key=key)
logout = call('POST', '/authentication/logout/', {}, token=token, key=key)

print(json.dumps({
    'username': user['username'],
    'datastores': datastores,
    'secret': secret,
    'rpc': rpc,
    'logout': logout,
}))
