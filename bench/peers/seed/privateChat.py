# The seed tutorial's private chat (privateChat.py), kept as the tutorial gives it, as a benchmark peer.
# Changed only: the route has websocket=True (Flask 2 refuses the upgrade without it), and host and port come from
# the command line (python3 privateChat.py PORT [HOST]) instead of the hard-coded ("0.0.0.0", 8520).
import sys
from flask import Flask,render_template,request
from geventwebsocket.handler import WebSocketHandler
from geventwebsocket.server import WSGIServer
from geventwebsocket.websocket import WebSocket
import json
app = Flask(__name__)
user_socket_dict = {}
# 用户私聊视图
@app.route("/privateChat/<username>", websocket=True)
def privateChat(username):
    # 获取客户端和服务器之间的链接
    user_socket = request.environ.get("wsgi.websocket") # type: WebSocket
    if user_socket:
        # 保存链接到字典中,用户名作为键
        user_socket_dict[username] = user_socket
        print(len(user_socket_dict), user_socket_dict)
        while True:
            # 获取客户端发送的信息
            msg = user_socket.receive()
            msg_dic = json.loads(msg)
            to_user = msg_dic.get("to_user") # 获取目标用户名
            to_user_socket = user_socket_dict.get(to_user) # 根据用户名获取用户的链接
            to_user_socket.send(msg) # 给目标用户发送信息
# 获取聊天页面视图
@app.route("/chat")
def chat():
    return render_template("privateChat.html")
if __name__ == '__main__':
    # 通过WSGIServer来启动web服务,并指定用WebSocketHandler来处理websocket的请求
    server = WSGIServer((sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1", int(sys.argv[1])),app,handler_class=WebSocketHandler)
    server.serve_forever()
