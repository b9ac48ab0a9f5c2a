"""A Psono API-key client written with PyNaCl after Psono's own example script: logs in, reads
the datastores, one datastore's content and one secret, echoes an encrypted body, logs out, and
prints what it read as JSON. Usage: psono_client.py CONFIG.json"""
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


def request(method, endpoint, data=None, token=None, session_key=None):
    headers = {'content-type': 'application/json'}
    if token:
        headers['authorization'] = 'Token ' + token
    body = None
    if data is not None:
        if session_key:
            data = encrypt(json.dumps(data), session_key)
        body = json.dumps(data).encode()
    req = urllib.request.Request(config['server_url'] + endpoint, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    answer = json.loads(text) if text else None
    if session_key and answer and 'text' in answer:
        answer = json.loads(decrypt(answer['text'], answer['nonce'], session_key))
    return status, answer


def encrypt(text, key_hex):
    box = nacl.secret.SecretBox(key_hex, encoder=HEX)
    sealed = box.encrypt(text.encode())
    return {'text': HEX.encode(sealed.ciphertext).decode(), 'nonce': HEX.encode(sealed.nonce).decode()}


def decrypt(text_hex, nonce_hex, key_hex):
    box = nacl.secret.SecretBox(key_hex, encoder=HEX)
    return box.decrypt(HEX.decode(text_hex), HEX.decode(nonce_hex)).decode()


def main():
    session = nacl.public.PrivateKey.generate()
    info = json.dumps({
        'api_key_id': config['api_key_id'],
        'session_public_key': session.public_key.encode(encoder=HEX).decode(),
        'device_description': 'Console Client ' + socket.gethostname(),
    })
    signing = nacl.signing.SigningKey(config['api_key_private_key'], encoder=HEX)
    signature = HEX.encode(signing.sign(info.encode()).signature).decode()
    status, login = request('POST', '/api-key/login/', {'info': info, 'signature': signature})
    if status != 200:
        raise SystemExit('login failed: %s %s' % (status, login))

    # Verify the server's signature over the hex text before opening anything.
    nacl.signing.VerifyKey(config['server_signature'], encoder=HEX).verify(
        login['login_info'].encode(), HEX.decode(login['login_info_signature']))
    box = nacl.public.Box(session, nacl.public.PublicKey(login['server_session_public_key'], encoder=HEX))
    info = json.loads(box.decrypt(HEX.decode(login['login_info']), HEX.decode(login['login_info_nonce'])).decode())
    token, session_key = info['token'], info['session_secret_key']
    user = info['user']
    user_secret_key = decrypt(user['secret_key'], user['secret_key_nonce'], config['api_key_secret_key'])
    user_private_key = decrypt(user['private_key'], user['private_key_nonce'], config['api_key_secret_key'])

    _, listing = request('GET', '/datastore/', token=token, session_key=session_key)
    datastore_id = listing['datastores'][0]['id']
    _, datastore = request('GET', '/datastore/%s/' % datastore_id, token=token, session_key=session_key)
    datastore_key = decrypt(datastore['secret_key'], datastore['secret_key_nonce'], user_secret_key)
    content = json.loads(decrypt(datastore['data'], datastore['data_nonce'], datastore_key))
    item = content['items'][0]
    _, secret = request('GET', '/secret/%s/' % item['secret_id'], token=token, session_key=session_key)
    secret_content = json.loads(decrypt(secret['data'], secret['data_nonce'], item['secret_key']))
    _, echo = request('POST', '/echo/', {'from': 'python', 'n': [1, 2]}, token=token, session_key=session_key)
    _, logout = request('POST', '/authentication/logout/', token=token, session_key=session_key)
    after_status, after = request('GET', '/datastore/', token=token, session_key=session_key)
    print(json.dumps({
        'username': user['username'],
        'user_private_key': user_private_key,
        'user_secret_key': user_secret_key,
        'datastores': listing,
        'content': content,
        'secret': secret_content,
        'echo': echo,
        'logout': logout,
        'after_logout': {'status': after_status, 'body': after},
    }))


main()
