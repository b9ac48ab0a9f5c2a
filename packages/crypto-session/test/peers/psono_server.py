"""A Psono API-key server written with PyNaCl, the way psono-server answers: login, datastores,
secrets, an echo route and logout, with every authenticated body sealed under the session key.
Usage: psono_server.py WORLD.json — prints "LISTENING <port>" once it serves on 127.0.0.1."""
import datetime
import hashlib
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import nacl.encoding
import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.signing
import nacl.utils

HEX = nacl.encoding.HexEncoder
world = json.load(open(sys.argv[1]))
server_signing = nacl.signing.SigningKey(world['serverSigningKey'], encoder=HEX)
tokens = {}  # sha512(token) -> session secret key, as Psono keeps it


def seal(data, key_hex):
    sealed = nacl.secret.SecretBox(key_hex, encoder=HEX).encrypt(json.dumps(data).encode())
    return {'text': HEX.encode(sealed.ciphertext).decode(), 'nonce': HEX.encode(sealed.nonce).decode()}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        text = json.dumps(body).encode() if body is not None else b''
        self.send_response(status)
        self.send_header('content-type', 'application/json')
        self.send_header('content-length', str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def body(self):
        length = int(self.headers.get('content-length') or 0)
        return self.rfile.read(length).decode() if length else ''

    def route(self, method):
        path = self.path.split('?')[0]
        if path.startswith('/server'):
            path = path[len('/server'):]
        raw = self.body()
        if method == 'POST' and path == '/api-key/login/':
            return self.login(json.loads(raw))
        auth = (self.headers.get('authorization') or '').split(' ')
        key = tokens.get(hashlib.sha512(auth[-1].encode()).hexdigest()) if len(auth) == 2 else None
        if key is None:
            return self.answer(401, {'detail': 'Invalid token or not yet activated.'})
        data = None
        if raw:
            sealed = json.loads(raw)
            try:
                data = json.loads(nacl.secret.SecretBox(key, encoder=HEX).decrypt(
                    HEX.decode(sealed['text']), HEX.decode(sealed['nonce'])).decode())
            except nacl.exceptions.CryptoError:
                return self.answer(400, seal({'detail': 'bad mac'}, key))
        found = None
        if method == 'GET' and path == '/datastore/':
            found = world['datastoreList']
        elif method == 'GET' and re.match(r'^/datastore/[0-9a-f-]{36}/$', path):
            found = world['datastores'].get(path.split('/')[2])
        elif method == 'GET' and re.match(r'^/secret/[0-9a-f-]{36}/$', path):
            found = world['secrets'].get(path.split('/')[2])
        elif method == 'POST' and path == '/echo/':
            found = {'echo': data}
        elif method == 'POST' and path == '/authentication/logout/':
            del tokens[hashlib.sha512(auth[1].encode()).hexdigest()]
            found = {'success': 'Successfully logged out.'}
        if found is None:
            return self.answer(404, seal({'detail': 'Not found'}, key))
        return self.answer(200, seal(found, key))

    def login(self, body):
        info = json.loads(body['info'])
        if info['api_key_id'] != world['apiKeyId']:
            return self.answer(400, {'detail': 'NO_PERMISSION_OR_NOT_EXIST'})
        try:
            nacl.signing.VerifyKey(world['apiKeyVerifyKey'], encoder=HEX).verify(
                body['info'].encode(), HEX.decode(body['signature']))
        except nacl.exceptions.BadSignatureError:
            return self.answer(400, {'detail': 'Signature invalid.'})
        token = HEX.encode(os.urandom(64)).decode()
        session_key = HEX.encode(nacl.utils.random(32)).decode()
        tokens[hashlib.sha512(token.encode()).hexdigest()] = session_key
        valid_till = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=600)
        login_info = {
            'token': token,
            'session_valid_till': valid_till.isoformat(),
            'session_secret_key': session_key,
            'api_key_restrict_to_secrets': False,
            'api_key_allow_insecure_access': False,
            'api_key_read': True,
            'api_key_write': False,
            'user': world['user'],
        }
        server_session = nacl.public.PrivateKey.generate()
        client_session = nacl.public.PublicKey(info['session_public_key'], encoder=HEX)
        nonce = nacl.utils.random(24)
        boxed = nacl.public.Box(server_session, client_session).encrypt(json.dumps(login_info).encode(), nonce)
        login_info_hex = HEX.encode(boxed.ciphertext).decode()
        return self.answer(200, {
            'login_info': login_info_hex,
            'login_info_signature': HEX.encode(server_signing.sign(login_info_hex.encode()).signature).decode(),
            'login_info_nonce': HEX.encode(nonce).decode(),
            'server_session_public_key': server_session.public_key.encode(encoder=HEX).decode(),
        })

    def do_GET(self):
        self.route('GET')

    def do_POST(self):
        self.route('POST')


httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
print('LISTENING %d' % httpd.server_address[1], flush=True)
httpd.serve_forever()
