# The seed tutorial's group chat (groupChat.py), kept as the tutorial gives it, as a benchmark peer.
# Changed only: the route has websocket=True (Flask 2 refuses the upgrade without it), and host and port come from
# the command line (python3 groupChat.py PORT [HOST]) instead of the hard-coded ("0.0.0.0", 9527).
import sys
from flask import Flask,render_template,request
from geventwebsocket.handler import WebSocketHandler # 提供ws协议处理
from geventwebsocket.server import WSGIServer # 承载服务
from geventwebsocket.websocket import WebSocket # 提供语法提示
app = Flask(__name__)
user_socket_dict = {}
# 群发消息视图
@app.route("/groupchat/<username>", websocket=True)
def groupChat(username):
    # 获取当前客户端与服务器的socket连接
    user_socket = request.environ.get("wsgi.websocket") # type: WebSocket
    if user_socket:
        # 保存链接到字典中,用户名作为键
        user_socket_dict[username] = user_socket
        print(len(user_socket_dict),user_socket_dict)
        while 1:
            msg = user_socket.receive() # 接受每个客户端的消息
            # 遍历字典,给每一个客户端发送消息
            for name,socket in user_socket_dict.items():
                try:
                    socket.send(msg)
                except:
                    pass
# 获取聊天页面视图
@app.route("/chat")
def chat():
    return render_template("groupChat.html")
if __name__ == '__main__':
    # 通过WSGIServer来启动web服务,并指定用WebSocketHandler来处理websocket的请求
    server = WSGIServer((sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1", int(sys.argv[1])),app,handler_class=WebSocketHandler)
    server.serve_forever()
